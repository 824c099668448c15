package dev.lever.docs;

import java.util.ArrayList;
import java.util.List;

/** Just enough of the POSIX shell's quoting to read the commands the guides show. */
final class Shell {

    private Shell() {
    }

    /** Whether the command is whole: no quote left open and no trailing backslash. */
    static boolean complete(String command) {
        return scan(command, null) && !command.endsWith("\\");
    }

    /** The command without a trailing {@code # comment} outside quotes. */
    static String stripComment(String command) {
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote == 0 && c == '#' && (i == 0 || Character.isWhitespace(command.charAt(i - 1)))) {
                return i == 0 ? command : command.substring(0, i);
            }
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (quote == '"' && c == '\\') {
                i++;
            } else if (c == quote) {
                quote = 0;
            }
        }
        return command;
    }

    /** The words of a command, quotes removed, as the shell would pass them. */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        if (!scan(command, words)) {
            throw new IllegalArgumentException("unbalanced quotes in: " + command);
        }
        return words;
    }

    private static boolean scan(String command, List<String> words) {
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < command.length() && "\"\\$`".indexOf(command.charAt(i + 1)) >= 0) {
                    word.append(command.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\\' && i + 1 < command.length() && command.charAt(i + 1) == '\n') {
                i++;
            } else if (Character.isWhitespace(c)) {
                if (word != null && words != null) {
                    words.add(word.toString());
                }
                word = null;
            } else {
                if (word == null) {
                    word = new StringBuilder();
                }
                if (c == '\'' || c == '"') {
                    quote = c;
                } else {
                    word.append(c);
                }
            }
        }
        if (word != null && words != null) {
            words.add(word.toString());
        }
        return quote == 0;
    }
}
