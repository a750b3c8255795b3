/** Live recognition over a WebSocket: landmark frames in, glosses out. */
package org.glossa.serve;
