package dev.meshctl.demo;

import picocli.CommandLine.IVersionProvider;

/** The version of the jar, from its manifest ({@code Implementation-Version}). */
final class BuildInfo implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = DemoMain.class.getPackage().getImplementationVersion();
    return new String[] {"mesh-demo " + (version == null ? "(development build)" : version)};
  }
}
