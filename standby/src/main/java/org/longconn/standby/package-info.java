/**
 * The standby: what a node answers on {@code /longconn/*} while the gateway itself is not deployed
 * there (the server is starting, stopping, or redeploying {@code longconn.ear}).
 */
package org.longconn.standby;
