package dev.meshctl.identity;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The mesh certificate authority: validates a proxy's token and signs its CSR. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IdentityApplication {

  public static void main(String[] args) {
    SpringApplication.run(IdentityApplication.class, args);
  }
}
