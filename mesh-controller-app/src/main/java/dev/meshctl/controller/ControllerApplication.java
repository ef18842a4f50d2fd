package dev.meshctl.controller;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The mesh controller: the Destination API for proxies and the REST API for the CLI and the
 * dashboard.
 */
@SpringBootApplication
public class ControllerApplication {

  public static void main(String[] args) {
    SpringApplication.run(ControllerApplication.class, args);
  }
}
