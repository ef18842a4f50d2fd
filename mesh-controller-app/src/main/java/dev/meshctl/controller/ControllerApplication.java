package dev.meshctl.controller;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The mesh controller: the Destination API for proxies and the REST API for the CLI and the
 * dashboard.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ControllerApplication {

  public static void main(String[] args) {
    SpringApplication.run(ControllerApplication.class, args);
  }
}
