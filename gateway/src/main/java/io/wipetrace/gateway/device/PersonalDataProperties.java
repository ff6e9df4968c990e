package io.wipetrace.gateway.device;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the collecting organisations' per-device data keys live ({@code wipetrace.personal-data.*}).
 *
 * @param keyDir the key store: {@code master.key} (mode 600) and one wrapped key file per organisation and device,
 *     e.g. {@code <state>/gateway/personal-keys}; never in PostgreSQL, whose deleted rows and WAL keep bytes
 */
@ConfigurationProperties("wipetrace.personal-data")
public record PersonalDataProperties(Path keyDir) {}
