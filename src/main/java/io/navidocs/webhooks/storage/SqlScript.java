package io.navidocs.webhooks.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a SQL script into statements at top-level semicolons. Semicolons inside quotes,
 * comments, PostgreSQL dollar-quoted bodies and SQLite trigger bodies ({@code BEGIN … END},
 * with {@code CASE … END} balanced inside) do not split.
 */
public final class SqlScript {
  private SqlScript() {}

  /** The statements of a script, trimmed, without empty ones; comments are kept in place. */
  public static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int depth = 0;
    int i = 0;
    int n = script.length();
    boolean hasCode = false;
    while (i < n) {
      char c = script.charAt(i);
      if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
        int end = script.indexOf('\n', i);
        end = end < 0 ? n : end;
        current.append(script, i, end);
        i = end;
        continue;
      }
      if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
        int end = script.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        current.append(script, i, end);
        i = end;
        continue;
      }
      if (c == '\'' || c == '"' || c == '`') {
        int end = i + 1;
        while (end < n) {
          if (script.charAt(end) == c) {
            if (end + 1 < n && script.charAt(end + 1) == c) {
              end += 2;
              continue;
            }
            break;
          }
          end++;
        }
        end = Math.min(end + 1, n);
        current.append(script, i, end);
        hasCode = true;
        i = end;
        continue;
      }
      if (c == '$') {
        int tagEnd = script.indexOf('$', i + 1);
        if (tagEnd > 0 && script.substring(i + 1, tagEnd).matches("[A-Za-z_]*")) {
          String tag = script.substring(i, tagEnd + 1);
          int close = script.indexOf(tag, tagEnd + 1);
          int end = close < 0 ? n : close + tag.length();
          current.append(script, i, end);
          hasCode = true;
          i = end;
          continue;
        }
      }
      if (Character.isLetter(c) || c == '_') {
        int end = i;
        while (end < n && (Character.isLetterOrDigit(script.charAt(end))
            || script.charAt(end) == '_')) {
          end++;
        }
        String word = script.substring(i, end).toUpperCase(Locale.ROOT);
        if (word.equals("BEGIN") || word.equals("CASE")) {
          // A bare BEGIN only opens a block inside CREATE TRIGGER; elsewhere it is a transaction.
          if (word.equals("CASE") || isTrigger(current)) {
            depth++;
          }
        } else if (word.equals("END") && depth > 0) {
          depth--;
        }
        current.append(script, i, end);
        hasCode = true;
        i = end;
        continue;
      }
      if (c == ';' && depth == 0) {
        if (hasCode) {
          out.add(current.toString().trim());
        }
        current.setLength(0);
        hasCode = false;
        i++;
        continue;
      }
      if (!Character.isWhitespace(c)) {
        hasCode = true;
      }
      current.append(c);
      i++;
    }
    if (hasCode) {
      out.add(current.toString().trim());
    }
    return out;
  }

  private static boolean isTrigger(StringBuilder statement) {
    String code = statement.toString().replaceAll("(?m)--.*$", " ").replaceAll("(?s)/\\*.*?\\*/", " ")
        .trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    return code.startsWith("CREATE TRIGGER") || code.startsWith("CREATE TEMP TRIGGER")
        || code.startsWith("CREATE TEMPORARY TRIGGER");
  }
}
