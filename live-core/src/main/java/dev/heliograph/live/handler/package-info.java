/**
 * What a host implements to own a channel scope: subscribe and publish events and their replies.
 */
@NullMarked
package dev.heliograph.live.handler;

import org.jspecify.annotations.NullMarked;
