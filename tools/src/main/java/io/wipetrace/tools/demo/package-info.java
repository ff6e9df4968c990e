/** The demo data ({@code ./wipetrace demo}): devices driven through every path of the lifecycle over the REST API. */
package io.wipetrace.tools.demo;
