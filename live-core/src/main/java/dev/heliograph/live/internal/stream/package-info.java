/**
 * Not API: the node's managed-stream plumbing (push endpoints into channels); may change in any release.
 */
@NullMarked
package dev.heliograph.live.internal.stream;

import org.jspecify.annotations.NullMarked;
