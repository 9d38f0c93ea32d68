/**
 * The HTTP publish API ({@code POST /longconn/api/push}) for services that speak neither JMS nor
 * STOMP/AMQP: a push in a JSON body, checked field by field, handed to the same {@link
 * org.longconn.api.push.Pusher} and bus as every other push.
 */
package org.longconn.endpoint.publish;
