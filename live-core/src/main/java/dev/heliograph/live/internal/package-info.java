/**
 * Not API: types the Heliograph modules share among themselves (the node's stream plumbing, JSON
 * string helpers). Anything under {@code dev.heliograph.live.internal} may change or vanish in
 * any release; hosts use the other packages.
 */
@NullMarked
package dev.heliograph.live.internal;

import org.jspecify.annotations.NullMarked;
