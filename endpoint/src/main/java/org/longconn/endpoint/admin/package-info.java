/**
 * The operator's endpoints behind the admin secret: the admin API under {@code /longconn/admin/}
 * (the cluster's nodes, cluster-wide disconnects, drain) and the metrics scrape {@code
 * /longconn/metrics}, with who may use them.
 */
package org.longconn.endpoint.admin;
