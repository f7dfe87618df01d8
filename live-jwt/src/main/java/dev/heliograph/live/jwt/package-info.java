/**
 * Signed connection and subscription tokens: {@link dev.heliograph.live.jwt.JwtTokenVerifier} is a
 * {@link dev.heliograph.live.protocol.TokenVerifier} over Nimbus JOSE + JWT.
 */
@NullMarked
package dev.heliograph.live.jwt;

import org.jspecify.annotations.NullMarked;
