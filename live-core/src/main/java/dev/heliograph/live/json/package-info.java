/**
 * Raw JSON payloads carried through the node without being parsed into objects.
 */
@NullMarked
package dev.heliograph.live.json;

import org.jspecify.annotations.NullMarked;
