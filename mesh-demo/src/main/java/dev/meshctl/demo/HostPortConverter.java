package dev.meshctl.demo;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an option value as a {@link HostPort}; a bad value becomes a usage error saying why. */
final class HostPortConverter implements ITypeConverter<HostPort> {

  @Override
  public HostPort convert(String value) {
    try {
      return HostPort.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
