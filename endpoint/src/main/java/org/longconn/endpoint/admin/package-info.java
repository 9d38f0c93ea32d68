/**
 * The operator's endpoints behind the admin secret: the admin API under {@code /longconn/admin/}
 * (the cluster's nodes, cluster-wide disconnects) and who may read the metrics.
 */
package org.longconn.endpoint.admin;
