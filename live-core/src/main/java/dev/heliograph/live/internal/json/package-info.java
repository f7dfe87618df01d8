/**
 * Not API: JSON string helpers shared by the modules; may change in any release.
 */
@NullMarked
package dev.heliograph.live.internal.json;

import org.jspecify.annotations.NullMarked;
