package dev.heliograph.live.testing;

import dev.heliograph.live.LiveUser;

/** Users of the tests: three roles in org 1 and a viewer in org 2. */
public final class Users {
    public static final LiveUser VIEWER = new LiveUser("11", "vera", 1, LiveUser.Role.VIEWER);
    public static final LiveUser EDITOR = new LiveUser("12", "ed", 1, LiveUser.Role.EDITOR);
    public static final LiveUser ADMIN = new LiveUser("13", "ada", 1, LiveUser.Role.ADMIN);
    public static final LiveUser OTHER_ORG_VIEWER = new LiveUser("21", "otto", 2, LiveUser.Role.VIEWER);

    private Users() {}
}
