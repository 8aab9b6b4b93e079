package dev.newt.faults;

import java.util.regex.Pattern;

/**
 * A name pattern: {@code *} matches any run of characters, {@code ?} one; everything else is literal.
 * Public for the injector's other packages; not an API.
 */
public final class Glob {
    private final String text;
    private final Pattern pattern;

    private Glob(final String text) {
        this.text = text;
        final StringBuilder re = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        this.pattern = Pattern.compile(re.toString());
    }

    public static Glob of(final String text) {
        return new Glob(text);
    }

    public boolean matches(final String s) {
        return pattern.matcher(s).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
