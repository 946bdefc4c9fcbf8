package io.toolgate.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Toolgate: an OpenAI-compatible LLM gateway with server-side tools and human approval. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ToolgateApplication {

	public static void main(String[] args) {
		SpringApplication.run(ToolgateApplication.class, args);
	}
}
