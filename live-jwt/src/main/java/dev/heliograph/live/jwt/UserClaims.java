package dev.heliograph.live.jwt;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.heliograph.live.LiveUser;
import dev.heliograph.live.protocol.InvalidTokenException;
import java.text.ParseException;
import java.util.Locale;

/**
 * Maps a connection token's claims to a {@link LiveUser}: {@code sub} is the id, {@code login}
 * (else {@code name}, else {@code sub}) the login, {@code org_id} the org (else the default org),
 * {@code role} ({@code Viewer}, {@code Editor}, {@code Admin}, any case; else the default role)
 * the role. Immutable; called on command threads.
 */
final class UserClaims {
    static final String ORG_ID = "org_id";
    static final String ROLE = "role";
    static final String LOGIN = "login";
    static final String NAME = "name";

    private final long defaultOrgId;
    private final LiveUser.Role defaultRole;

    /** @param defaultOrgId the org of tokens without {@code org_id}; 0 makes the claim required */
    UserClaims(long defaultOrgId, LiveUser.Role defaultRole) {
        this.defaultOrgId = defaultOrgId;
        this.defaultRole = defaultRole;
    }

    LiveUser user(JWTClaimsSet claims) throws InvalidTokenException {
        String sub = claims.getSubject();
        if (sub == null || sub.isEmpty()) {
            throw InvalidTokenException.invalid("no 'sub' claim (the user id)");
        }
        try {
            String login = claims.getStringClaim(LOGIN);
            if (login == null || login.isEmpty()) {
                login = claims.getStringClaim(NAME);
            }
            return new LiveUser(sub, login == null || login.isEmpty() ? sub : login, orgId(claims), role(claims));
        } catch (ParseException e) {
            throw InvalidTokenException.invalid("a claim has the wrong type: " + e.getMessage());
        }
    }

    private long orgId(JWTClaimsSet claims) throws InvalidTokenException, ParseException {
        Object raw = claims.getClaim(ORG_ID);
        if (raw == null) {
            if (defaultOrgId <= 0) {
                throw InvalidTokenException.invalid("no 'org_id' claim and no default org configured");
            }
            return defaultOrgId;
        }
        long orgId;
        if (raw instanceof Number n && n.doubleValue() == n.longValue()) {
            orgId = n.longValue();
        } else if (raw instanceof String s) {
            try {
                orgId = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw InvalidTokenException.invalid("'org_id' is not a number: " + s);
            }
        } else {
            throw InvalidTokenException.invalid("'org_id' is not an integer: " + raw);
        }
        if (orgId <= 0) {
            throw InvalidTokenException.invalid("'org_id' must be positive, got " + orgId);
        }
        return orgId;
    }

    private LiveUser.Role role(JWTClaimsSet claims) throws InvalidTokenException, ParseException {
        String role = claims.getStringClaim(ROLE);
        if (role == null) {
            return defaultRole;
        }
        try {
            return LiveUser.Role.valueOf(role.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidTokenException.invalid("'role' must be Viewer, Editor or Admin, got " + role);
        }
    }
}
