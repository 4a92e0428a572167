package io.backprop.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;

/**
 * What a {@code @WebMvcTest} slice needs besides the controller: the limits that
 * {@link RequestSizeLimitFilter} reads. {@code @ConfigurationPropertiesScan} skips them in a slice.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(LimitsProperties.class)
public class WebSliceConfiguration {
}
