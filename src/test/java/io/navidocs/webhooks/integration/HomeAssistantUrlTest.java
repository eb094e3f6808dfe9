package io.navidocs.webhooks.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HomeAssistantUrlTest {
  private static final String ID = "navidocs-9Yb3Qw7LmT2xKc8VfR1sHj4N";

  @Test
  void theWebhookUrlIsTheBaseUrlFollowedByHomeAssistantsWebhookPath() {
    HomeAssistantUrl ha = HomeAssistantUrl.of("http://192.168.1.20:8123/", ID);
    assertEquals("http://192.168.1.20:8123/api/webhook/" + ID, ha.url());
    assertEquals("http://192.168.1.20:8123", ha.baseUrl());
  }

  @Test
  void aStoredWebhookUrlIsReadBackIntoBaseUrlAndWebhookId() {
    HomeAssistantUrl ha = HomeAssistantUrl.parse("https://boat.example.net/ha/api/webhook/" + ID)
        .orElseThrow();
    assertEquals("https://boat.example.net/ha", ha.baseUrl());
    assertEquals(ID, ha.webhookId());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://mls.example.com/hooks/navidocs",
      "https://ha.example.net/api/webhook/",
      "https://ha.example.net/api/webhook/short",
      "https://ha.example.net/api/webhook/navidocs-9Yb3Qw7LmT2xKc8V/extra",
      "https://ha.example.net/api/webhook/navidocs-9Yb3Qw7LmT2xKc8V?x=1",
      "https://hooks.nabu.casa/gAAAAABmQct-00xDbszNr9dBzVY7EEitI7ZCgDtuHyToc"})
  void urlsWithoutTheWebhookTriggerShapeAreNotHomeAssistantIntegrations(String url) {
    assertFalse(HomeAssistantUrl.isHomeAssistant(url));
    assertEquals(url, HomeAssistantUrl.maskedUrl(url));
  }

  @Test
  void theWebhookIdIsMaskedToAtMostFourCharactersAtEachEnd() {
    assertEquals("navi…Hj4N", HomeAssistantUrl.mask(ID));
    assertEquals("ab…op", HomeAssistantUrl.mask("abcdefghijklmnop"));
    assertEquals("http://192.168.1.20:8123/api/webhook/navi…Hj4N",
        HomeAssistantUrl.maskedUrl("http://192.168.1.20:8123/api/webhook/" + ID));
  }

  @Test
  void printingTheValueNeverShowsTheWebhookId() {
    HomeAssistantUrl ha = HomeAssistantUrl.of("https://boat.example.net", ID);
    assertFalse(ha.toString().contains(ID));
    assertFalse(String.valueOf(java.util.List.of(ha)).contains(ID));
  }

  @Test
  void aShortWebhookIdIsRefusedBecauseItIsTheOnlyCredential() {
    HomeAssistantUrl.InvalidField e = assertThrows(HomeAssistantUrl.InvalidField.class,
        () -> HomeAssistantUrl.of("https://boat.example.net", "navidocs"));
    assertEquals("webhook_id", e.field());
    assertTrue(e.getMessage().contains("at least 16"));
    assertFalse(e.getMessage().contains("navidocs"), "the message quotes the id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"navidocs/9Yb3Qw7LmT2xKc8V", "navidocs 9Yb3Qw7LmT2xKc8V",
      "navidocs%2F9Yb3Qw7LmT2xKc8V", "navidocs?9Yb3Qw7LmT2xKc8V", "navidocs#9Yb3Qw7LmT2xKc8V",
      "navidocs-9Yb3Qw7LmT2xKc8V\n", "navidocs-é9Yb3Qw7LmT2xKc8V"})
  void aWebhookIdThatWouldChangeTheUrlIsRefusedWithoutQuotingIt(String id) {
    HomeAssistantUrl.InvalidField e = assertThrows(HomeAssistantUrl.InvalidField.class,
        () -> HomeAssistantUrl.of("https://boat.example.net", id));
    assertEquals("webhook_id", e.field());
    assertFalse(e.getMessage().contains("9Yb3Qw7LmT2xKc8V"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "boat.example.net", "ftp://boat.example.net",
      "https://user:pass@boat.example.net", "https://boat.example.net?x=1",
      "https://boat.example.net#top", "https://", "https://boat.example.net/api/webhook/abc",
      "javascript:alert(1)"})
  void aBaseUrlThatIsNotJustHomeAssistantsAddressIsRefused(String base) {
    HomeAssistantUrl.InvalidField e = assertThrows(HomeAssistantUrl.InvalidField.class,
        () -> HomeAssistantUrl.of(base, ID));
    assertEquals("base_url", e.field());
  }

  @Test
  void aWebhookIdOfMoreThan128CharactersIsRefused() {
    assertThrows(HomeAssistantUrl.InvalidField.class,
        () -> HomeAssistantUrl.of("https://boat.example.net", "a".repeat(129)));
  }
}
