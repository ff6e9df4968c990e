package io.wipetrace.gateway.shared;

import java.util.List;

/**
 * One page of a longer list.
 *
 * @param items the items of this page
 * @param page its number, from 0
 * @param size the page size asked for
 * @param totalItems how many items there are in all
 * @param totalPages how many pages of {@code size} that makes
 * @param <T> the item type
 */
public record Page<T>(List<T> items, int page, int size, long totalItems, long totalPages) {

    /**
     * One page of a longer list.
     *
     * @param items the page's items
     * @param page which page, from 0
     * @param size the page size asked for
     * @param total how many items the whole list holds
     * @return the page, with the number of pages
     */
    public static <T> Page<T> of(final List<T> items, final int page, final int size, final long total) {
        return new Page<>(List.copyOf(items), page, size, total, (total + size - 1) / size);
    }
}
