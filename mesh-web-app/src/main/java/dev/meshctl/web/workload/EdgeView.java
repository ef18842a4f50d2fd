package dev.meshctl.web.workload;

import dev.meshctl.web.MetricFormat;
import dev.meshctl.web.api.EdgeRow;

/**
 * An edge as the workload page shows it: the workload at the other end ({@code peer}), the
 * identities both ends proved and whether the traffic was mTLS.
 */
public record EdgeView(String peerKind, String peer, EdgeRow row) {

  public String clientId() {
    return row.clientId() == null ? "-" : row.clientId();
  }

  public String serverId() {
    return row.serverId() == null ? "-" : row.serverId();
  }

  public String secured() {
    return row.secured() ? "yes" : "no";
  }

  public String rps() {
    return MetricFormat.rps(row.rps());
  }
}
