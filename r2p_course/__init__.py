"""The R2P course package: the report as data, quiz banks, widgets and progress.

Course: "Responsibility to protect: timely and decisive response", the UN Secretary-General's
report A/66/874-S/2012/578 of 25 July 2012.
"""

COURSE_ID = "r2p-course"
__version__ = "0.1.0"
