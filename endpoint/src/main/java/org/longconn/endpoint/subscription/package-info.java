/**
 * The subscription index: which sessions receive a push of a given opType. Exact opTypes are
 * found with one hash lookup; patterns ({@code *} one segment, {@code #} any number) live in a
 * segment trie walked along the opType, so matching never scans every pattern. A reverse map
 * from session to its subscriptions makes closing a session cost only its own entries.
 */
package org.longconn.endpoint.subscription;
