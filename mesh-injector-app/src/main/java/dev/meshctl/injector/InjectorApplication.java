package dev.meshctl.injector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The admission webhook that adds the proxy and its init container to pods. */
@SpringBootApplication
public class InjectorApplication {

  public static void main(String[] args) {
    SpringApplication.run(InjectorApplication.class, args);
  }
}
