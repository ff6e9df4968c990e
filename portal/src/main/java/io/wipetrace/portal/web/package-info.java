/** What every page shares: language (zh-CN by default, English on request), sign-in, CSRF, problem sentences. */
package io.wipetrace.portal.web;
