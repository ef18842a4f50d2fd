package dev.meshctl.bench.load;

/** Why a request did not count as a success. */
public enum RequestError {
  /** An answer other than 200 (for gRPC, other than status 0). */
  STATUS,
  /** 200, but not the 1 KiB body the backend sends. */
  BODY,
  /** The connection could not be made, closed, or the stream was reset before the answer. */
  CONNECTION,
  /** No answer by the end of the run's drain period. */
  TIMEOUT
}
