package io.wipetrace.portal.web;

import io.wipetrace.portal.PortalProperties;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.springframework.stereotype.Component;

/** Times as the templates show them ({@code ${@formats.time(x)}}): in the portal's zone, to the minute. */
@Component("formats")
public class Formats {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd");

    private final PortalProperties properties;
    private final org.springframework.context.MessageSource messages;

    Formats(final PortalProperties properties, final org.springframework.context.MessageSource messages) {
        this.properties = properties;
        this.messages = messages;
    }

    /** @return an ISO instant as local date and time, or the text unchanged if it is not one */
    public String time(final Object iso) {
        if (iso == null) {
            return "";
        }
        try {
            return MINUTE.format(Instant.parse(iso.toString()).atZone(properties.timeZone()));
        } catch (DateTimeParseException e) {
            return iso.toString();
        }
    }

    /** @return an ISO date as month-day */
    public String day(final Object iso) {
        return iso == null ? "" : DAY.format(LocalDate.parse(iso.toString()));
    }

    /** @return the zone's ID, to say which zone times are in */
    public String zone() {
        return properties.timeZone().getId();
    }

    /** @return the zone's name in the reader's language (北京时间 / Beijing time for Asia/Shanghai), else its ID */
    public String zoneName() {
        return messages.getMessage("zone." + zone(), null, zone(),
                org.springframework.context.i18n.LocaleContextHolder.getLocale());
    }
}
