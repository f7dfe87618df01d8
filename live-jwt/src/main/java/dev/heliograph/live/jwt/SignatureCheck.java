package dev.heliograph.live.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.heliograph.live.protocol.InvalidTokenException;
import java.util.Map;

/**
 * The accepted algorithms and their keys: a token signed with any other algorithm (including
 * {@code none} and the HMAC-with-an-RSA-public-key confusion) is refused before any key is used.
 * Immutable and thread-safe (nimbus verifiers are).
 */
final class SignatureCheck {
    private final Map<JWSAlgorithm, JWSVerifier> verifiers;

    SignatureCheck(Map<JWSAlgorithm, JWSVerifier> verifiers) {
        this.verifiers = Map.copyOf(verifiers);
    }

    /** Throws unless {@code jwt} is signed by one of the configured keys with its own algorithm. */
    void verify(SignedJWT jwt) throws InvalidTokenException {
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        JWSVerifier verifier = verifiers.get(alg);
        if (verifier == null) {
            throw InvalidTokenException.invalid("algorithm " + alg + " is not accepted (accepted: "
                    + verifiers.keySet() + ")");
        }
        boolean valid;
        try {
            valid = jwt.verify(verifier);
        } catch (JOSEException e) {
            throw InvalidTokenException.invalid("signature could not be checked: " + e.getMessage());
        }
        if (!valid) {
            throw InvalidTokenException.invalid("bad " + alg + " signature");
        }
    }
}
