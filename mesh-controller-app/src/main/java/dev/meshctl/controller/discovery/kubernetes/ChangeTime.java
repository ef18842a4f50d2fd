package dev.meshctl.controller.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When the API server last recorded a change of an object, as far as its metadata tells: the newest
 * of {@code creationTimestamp}, {@code deletionTimestamp} and the {@code time} of each {@code
 * managedFields} entry (set by the server when a manager adds, changes or removes a field it owns).
 * These are RFC 3339 timestamps with a resolution of one second, truncated: the change happened
 * within the second after the time read here.
 */
final class ChangeTime {

  private ChangeTime() {}

  /** The newest timestamp of the object's metadata; empty when it carries none that parses. */
  static Optional<Instant> of(HasMetadata object) {
    ObjectMeta metadata = object.getMetadata();
    if (metadata == null) {
      return Optional.empty();
    }
    Instant newest = null;
    newest = newer(newest, metadata.getCreationTimestamp());
    newest = newer(newest, metadata.getDeletionTimestamp());
    if (metadata.getManagedFields() != null) {
      for (ManagedFieldsEntry entry : metadata.getManagedFields()) {
        newest = newer(newest, entry.getTime());
      }
    }
    return Optional.ofNullable(newest);
  }

  /** Whether the object is being deleted gracefully (the server stamped when that began). */
  static boolean deleting(HasMetadata object) {
    return object.getMetadata() != null && object.getMetadata().getDeletionTimestamp() != null;
  }

  private static Instant newer(Instant newest, String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return newest;
    }
    Instant time;
    try {
      time = Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return newest; // a server that writes something else tells nothing about the change
    }
    return newest == null || time.isAfter(newest) ? time : newest;
  }
}
