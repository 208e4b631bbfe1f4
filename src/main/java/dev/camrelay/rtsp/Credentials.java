package dev.camrelay.rtsp;

/** A camera's user name and password, never printed: {@code toString} masks both. */
record Credentials(String user, String password) {
    static final Credentials NONE = new Credentials("", "");

    boolean present() {
        return !user.isEmpty() || !password.isEmpty();
    }

    @Override
    public String toString() {
        return present() ? "Credentials[***]" : "Credentials[none]";
    }
}
