/** The gateway's {@link org.longconn.api.push.Pusher} bean: validate, serialize once, publish on the bus. */
package org.longconn.endpoint.push;
