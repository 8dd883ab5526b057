package org.symple.server.config;

/** The admin view: whether it shows room and peer names ({@code SYMPLE_ADMIN_NAMES}) or counts only. */
public record AdminConfig(boolean showNames) {

    static AdminConfig read(SettingsReader s) {
        return new AdminConfig(s.bool("SYMPLE_ADMIN_NAMES", false));
    }

    String describe() {
        return "adminNames=" + showNames;
    }
}
