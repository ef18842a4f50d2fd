package dev.meshctl.web;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The mesh dashboard: namespaces, workloads, golden metrics, topology and live tap. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebApplication {

  public static void main(String[] args) {
    SpringApplication.run(WebApplication.class, args);
  }
}
