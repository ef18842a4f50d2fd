package dev.meshctl.web.overview;

import java.util.List;

/**
 * What the overview page shows: every namespace with its numbers, why the numbers may be incomplete
 * (the metrics API's {@code note}, null when whole), and the control plane's health.
 */
public record Overview(
    List<NamespaceSummary> namespaces, String note, List<ComponentStatus> components) {}
