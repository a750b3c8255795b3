/** Recognition for programs: open a model, give it features or landmarks, get glosses with their times. */
package org.glossa.recognize;
