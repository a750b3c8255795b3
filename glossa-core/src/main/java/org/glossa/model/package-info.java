/** Networks on DJL: the MobileNetV3-style student, the I3D-style teacher, their presets and configs. */
package org.glossa.model;
