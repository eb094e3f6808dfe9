package io.navidocs.webhooks.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.Json;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written JSON pieces of the delivered body write what the general encoders write. */
class JsonTextTest {

  @Test
  void stringsAreEscapedExactlyAsJacksonEscapesThem() {
    String[] samples = {"evt_0123abcd", "", "org \"quoted\"", "back\\slash", "tab\tnew\nline\r",
        "\b\f\u0000\u001f\u007f", "ünïcödé ✓ 𝄞", "</script>", "a\u2028b"};
    for (String s : samples) {
      StringBuilder out = new StringBuilder();
      JsonText.appendString(out, s);
      assertEquals(Json.encode(s), out.toString(), "for " + Json.encode(s));
    }
  }

  @Test
  void everyControlCharacterIsEscapedAsJacksonDoes() {
    for (char c = 0; c < 0x20; c++) {
      StringBuilder out = new StringBuilder();
      JsonText.appendString(out, "x" + c + "y");
      assertEquals(Json.encode("x" + c + "y"), out.toString());
    }
  }

  @Test
  void timestampsReadAsTheBodysIsoFormatWithMilliseconds() {
    long[] fixed = {0L, 1L, 999L, 1000L, -1L, 1_764_142_800_123L, 253_402_300_799_999L,
        951_782_400_000L /* 2000-02-29 */};
    for (long ms : fixed) {
      assertTimestamp(ms);
    }
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 10_000; i++) {
      assertTimestamp(random.nextLong(-62_000_000_000_000L, 253_402_300_799_999L));
    }
  }

  @Test
  void yearsBeyondFourDigitsFallBackToTheFormatter() {
    assertTimestamp(253_402_300_800_000L); // 10000-01-01
  }

  private static void assertTimestamp(long ms) {
    StringBuilder out = new StringBuilder();
    JsonText.appendTimestamp(out, ms);
    assertEquals(WebhookRequest.TIMESTAMP.format(Instant.ofEpochMilli(ms)), out.toString(),
        "for " + ms);
  }
}
