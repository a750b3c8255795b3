/** Real time: a sliding-window streaming recognizer over frames that arrive one at a time. */
package org.glossa.stream;
