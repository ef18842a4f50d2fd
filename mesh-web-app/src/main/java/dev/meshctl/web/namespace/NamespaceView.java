package dev.meshctl.web.namespace;

import java.util.List;

/** What the namespace page shows: its workloads and why the numbers may be incomplete. */
public record NamespaceView(String name, List<WorkloadSummary> workloads, String note) {}
