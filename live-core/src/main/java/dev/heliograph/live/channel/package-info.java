/**
 * Channel names: parsed, validated, immutable ids and their org-prefixed form.
 */
@NullMarked
package dev.heliograph.live.channel;

import org.jspecify.annotations.NullMarked;
