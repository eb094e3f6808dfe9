package io.navidocs.webhooks.storage.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.navidocs.webhooks.storage.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's error DETAIL quotes the offending row's values; through {@link Database} it never
 * reaches an exception message (which the API logs and the CLI prints), and the URL as described
 * for messages carries no password.
 */
class PostgresErrorDetailTest {
  @Test
  void aDuplicateKeyErrorDoesNotQuoteTheRowsValues() throws Exception {
    String url = TestPostgres.newDatabaseUrl();
    Database db = new Database(url, 5_000);
    try (Connection c = db.open(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE secrets (value TEXT PRIMARY KEY)");
      s.execute("INSERT INTO secrets VALUES ('whsec_do-not-print-me-0123456789abcdef')");
      SQLException e = assertThrows(SQLException.class, () ->
          s.execute("INSERT INTO secrets VALUES ('whsec_do-not-print-me-0123456789abcdef')"));
      assertEquals("23505", e.getSQLState());
      assertFalse(e.getMessage().contains("do-not-print-me"), e.getMessage());
    }
    assertFalse(db.describe().contains("password"), db.describe());
    assertEquals("jdbc:postgresql://db.example/navidocs",
        Database.describe("jdbc:postgresql://navidocs:pw@db.example/navidocs?sslmode=require"));
  }
}
