package io.wipetrace.chaincode.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wipetrace.chaincode.LedgerJson;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/** Event details as {@link Changes} builds them for the canonical writer. */
class ChangesTest {

    @Test
    void details_are_a_read_only_map_sorted_by_name_which_the_canonical_writer_takes_in_its_own_order() {
        final Map<String, Object> details = Changes.details("make", "Huawei", "channel", "STORE", "bagId", null,
                "storageGb", 64, "consent", Changes.details("scope", "all", "method", "app"));

        // A sorted map in name order is written as it iterates, without Jackson copying it into a TreeMap first.
        assertThat(details).isInstanceOf(SortedMap.class);
        assertThat(((SortedMap<String, Object>) details).comparator()).as("String order").isNull();
        assertThat(details.keySet()).containsExactly("channel", "consent", "make", "storageGb");
        assertThat(LedgerJson.toText(details)).isEqualTo(
                "{\"channel\":\"STORE\",\"consent\":{\"method\":\"app\",\"scope\":\"all\"},\"make\":\"Huawei\","
                        + "\"storageGb\":64}");
        assertThatThrownBy(() -> details.put("model", "P30")).isInstanceOf(UnsupportedOperationException.class);
    }
}
