/** The glossa command line: parses flags and calls the stages; nothing else. */
package org.glossa.cli;
