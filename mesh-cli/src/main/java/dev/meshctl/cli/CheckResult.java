package dev.meshctl.cli;

/**
 * The outcome of one {@code meshctl check} check.
 *
 * @param name what was checked, worded as what should be true ("the controller is ready")
 * @param success whether it is
 * @param hint for a failure, what went wrong and what to do; null for a success
 */
record CheckResult(String name, boolean success, String hint) {

  static CheckResult passed(String name) {
    return new CheckResult(name, true, null);
  }

  static CheckResult failed(String name, String hint) {
    return new CheckResult(name, false, hint);
  }
}
