package dev.meshctl.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LogLevelsTest {

  // A logger of its own, strongly held, so that this test leaves the root logger alone.
  private final Logger logger = Logger.getLogger(LogLevelsTest.class.getName() + ".subject");
  private final Handler handler = new ConsoleHandler();

  @AfterEach
  void detachHandler() {
    logger.removeHandler(handler);
    logger.setLevel(null);
  }

  @ParameterizedTest
  @CsvSource({
    "trace, FINEST",
    "debug, FINE",
    "info, INFO",
    "warn, WARNING",
    "error, SEVERE",
    "off, OFF"
  })
  void parse_mapsEachNameToItsJulLevel(String name, String julLevel) {
    assertThat(LogLevels.parse(name)).isEqualTo(Level.parse(julLevel));
  }

  @ParameterizedTest
  @ValueSource(strings = {"WARN", "  debug\n", "Info", "\tOFF "})
  void parse_ignoresCaseAndSurroundingWhitespace(String name) {
    assertThat(LogLevels.name(LogLevels.parse(name))).isEqualTo(name.trim().toLowerCase());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "verbose", "FINE", "warning", "debug,info", "5"})
  void parse_refusesAnythingElse_namingTheAcceptedValues(String name) {
    assertThatThrownBy(() -> LogLevels.parse(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + name.trim() + "'")
        .hasMessageContaining("trace, debug, info, warn, error, off");
  }

  @Test
  void parse_refusesNull() {
    assertThatThrownBy(() -> LogLevels.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"trace", "debug", "info", "warn", "error", "off"})
  void name_isTheInverseOfParse(String name) {
    assertThat(LogLevels.name(LogLevels.parse(name))).isEqualTo(name);
  }

  @Test
  void name_ofAJulLevelWithoutANameOfItsOwn_isTheNamedLevelJustBelow() {
    assertThat(LogLevels.name(Level.CONFIG)).isEqualTo("debug");
    assertThat(LogLevels.name(Level.FINER)).isEqualTo("trace");
    assertThat(LogLevels.name(Level.ALL)).isEqualTo("trace");
  }

  @Test
  void set_changesTheLoggerAndEveryHandlerOnIt() {
    logger.addHandler(handler);
    handler.setLevel(Level.INFO);
    LogLevels levels = new LogLevels(logger);

    levels.set(Level.FINE);

    assertThat(logger.getLevel()).isEqualTo(Level.FINE);
    assertThat(handler.getLevel()).isEqualTo(Level.FINE);
    assertThat(levels.current()).isEqualTo(Level.FINE);
  }

  @Test
  void current_ofALoggerWithNoLevelOfItsOwn_isItsParentsLevel() {
    logger.setLevel(Level.WARNING);
    Logger child = Logger.getLogger(logger.getName() + ".child");

    assertThat(new LogLevels(child).current()).isEqualTo(Level.WARNING);
  }
}
