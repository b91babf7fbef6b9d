package dev.jtrace.tracefs.internal;

/**
 * Shell-style glob matching as the kernel does it for event names ({@code glob_match()}):
 * {@code *} matches any run of characters, {@code ?} one character, {@code [abc]}, {@code [a-z]}
 * and {@code [!a-z]} (or {@code [^a-z]}) one character of a class. No escapes, no allocation.
 */
public final class Glob {
    private Glob() {
    }

    /**
     * Tells whether a pattern has glob characters.
     *
     * @param pattern the pattern
     * @return {@code true} if it contains {@code *}, {@code ?} or {@code [}
     */
    public static boolean isGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }

    /**
     * Matches a whole string against a pattern.
     *
     * @param pattern the glob
     * @param text the string
     * @return {@code true} if the pattern matches all of {@code text}
     */
    public static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int starP = -1;
        int starT = -1;
        while (t < text.length()) {
            if (p < pattern.length()) {
                char pc = pattern.charAt(p);
                if (pc == '*') {
                    starP = p++;
                    starT = t;
                    continue;
                }
                if (pc == '?') {
                    p++;
                    t++;
                    continue;
                }
                if (pc == '[') {
                    int end = classEnd(pattern, p);
                    if (end > 0) {
                        if (classMatches(pattern, p + 1, end, text.charAt(t))) {
                            p = end + 1;
                            t++;
                            continue;
                        }
                    } else if (text.charAt(t) == '[') { // an unclosed '[' is literal
                        p++;
                        t++;
                        continue;
                    }
                } else if (pc == text.charAt(t)) {
                    p++;
                    t++;
                    continue;
                }
            }
            if (starP < 0) {
                return false;
            }
            p = starP + 1;
            t = ++starT;
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** Index of the ']' closing the class at {@code open}, or -1; a ']' right after '[' or '[!' is literal. */
    private static int classEnd(String pattern, int open) {
        int i = open + 1;
        if (i < pattern.length() && (pattern.charAt(i) == '!' || pattern.charAt(i) == '^')) {
            i++;
        }
        if (i < pattern.length() && pattern.charAt(i) == ']') {
            i++;
        }
        while (i < pattern.length()) {
            if (pattern.charAt(i) == ']') {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static boolean classMatches(String pattern, int from, int end, char c) {
        boolean negate = pattern.charAt(from) == '!' || pattern.charAt(from) == '^';
        int i = negate ? from + 1 : from;
        boolean match = false;
        boolean first = true;
        while (i < end) {
            char lo = pattern.charAt(i);
            if (lo == ']' && !first) {
                break;
            }
            first = false;
            if (i + 2 < end && pattern.charAt(i + 1) == '-') {
                char hi = pattern.charAt(i + 2);
                if (c >= lo && c <= hi) {
                    match = true;
                }
                i += 3;
            } else {
                if (c == lo) {
                    match = true;
                }
                i++;
            }
        }
        return match != negate;
    }
}
