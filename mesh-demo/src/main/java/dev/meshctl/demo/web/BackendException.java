package dev.meshctl.demo.web;

import io.grpc.Status;

/**
 * A call from the web workload to a back end that did not answer as hoped: the back end, the call's
 * gRPC status and its description, turned by {@link WebRoutes} into a short error page.
 */
final class BackendException extends RuntimeException {

  private final Status status;

  BackendException(String call, Status status) {
    super(
        call
            + " failed: "
            + status.getCode()
            + (status.getDescription() == null ? "" : ": " + status.getDescription()),
        status.getCause());
    this.status = status;
  }

  Status.Code code() {
    return status.getCode();
  }
}
