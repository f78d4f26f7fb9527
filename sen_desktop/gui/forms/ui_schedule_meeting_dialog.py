# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'schedule_meeting_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QGridLayout, QLabel, QLineEdit,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

from sen_desktop.gui.common.date_fields import (DateField, TimeField)

class Ui_ScheduleMeetingDialog(object):
    def setupUi(self, ScheduleMeetingDialog):
        if not ScheduleMeetingDialog.objectName():
            ScheduleMeetingDialog.setObjectName(u"ScheduleMeetingDialog")
        ScheduleMeetingDialog.resize(520, 300)
        self.main_layout = QVBoxLayout(ScheduleMeetingDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.form_error = QLabel(ScheduleMeetingDialog)
        self.form_error.setObjectName(u"form_error")
        self.form_error.setProperty(u"role", u"error")
        self.form_error.setWordWrap(True)

        self.main_layout.addWidget(self.form_error)

        self.fields_layout = QGridLayout()
        self.fields_layout.setObjectName(u"fields_layout")
        self.fields_layout.setHorizontalSpacing(12)
        self.fields_layout.setVerticalSpacing(4)
        self.group_label = QLabel(ScheduleMeetingDialog)
        self.group_label.setObjectName(u"group_label")

        self.fields_layout.addWidget(self.group_label, 0, 0, 1, 1)

        self.group_combo = QComboBox(ScheduleMeetingDialog)
        self.group_combo.setObjectName(u"group_combo")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.group_combo.sizePolicy().hasHeightForWidth())
        self.group_combo.setSizePolicy(sizePolicy)

        self.fields_layout.addWidget(self.group_combo, 0, 1, 1, 1)

        self.group_error = QLabel(ScheduleMeetingDialog)
        self.group_error.setObjectName(u"group_error")
        self.group_error.setProperty(u"role", u"error")
        self.group_error.setWordWrap(True)

        self.fields_layout.addWidget(self.group_error, 1, 1, 1, 1)

        self.date_label = QLabel(ScheduleMeetingDialog)
        self.date_label.setObjectName(u"date_label")

        self.fields_layout.addWidget(self.date_label, 2, 0, 1, 1)

        self.date_edit = DateField(ScheduleMeetingDialog)
        self.date_edit.setObjectName(u"date_edit")

        self.fields_layout.addWidget(self.date_edit, 2, 1, 1, 1)

        self.date_error = QLabel(ScheduleMeetingDialog)
        self.date_error.setObjectName(u"date_error")
        self.date_error.setProperty(u"role", u"error")
        self.date_error.setWordWrap(True)

        self.fields_layout.addWidget(self.date_error, 3, 1, 1, 1)

        self.start_time_label = QLabel(ScheduleMeetingDialog)
        self.start_time_label.setObjectName(u"start_time_label")

        self.fields_layout.addWidget(self.start_time_label, 4, 0, 1, 1)

        self.start_time_edit = TimeField(ScheduleMeetingDialog)
        self.start_time_edit.setObjectName(u"start_time_edit")

        self.fields_layout.addWidget(self.start_time_edit, 4, 1, 1, 1)

        self.start_time_error = QLabel(ScheduleMeetingDialog)
        self.start_time_error.setObjectName(u"start_time_error")
        self.start_time_error.setProperty(u"role", u"error")
        self.start_time_error.setWordWrap(True)

        self.fields_layout.addWidget(self.start_time_error, 5, 1, 1, 1)

        self.end_time_label = QLabel(ScheduleMeetingDialog)
        self.end_time_label.setObjectName(u"end_time_label")

        self.fields_layout.addWidget(self.end_time_label, 6, 0, 1, 1)

        self.end_time_edit = TimeField(ScheduleMeetingDialog)
        self.end_time_edit.setObjectName(u"end_time_edit")

        self.fields_layout.addWidget(self.end_time_edit, 6, 1, 1, 1)

        self.end_time_error = QLabel(ScheduleMeetingDialog)
        self.end_time_error.setObjectName(u"end_time_error")
        self.end_time_error.setProperty(u"role", u"error")
        self.end_time_error.setWordWrap(True)

        self.fields_layout.addWidget(self.end_time_error, 7, 1, 1, 1)

        self.venue_label = QLabel(ScheduleMeetingDialog)
        self.venue_label.setObjectName(u"venue_label")

        self.fields_layout.addWidget(self.venue_label, 8, 0, 1, 1)

        self.venue_edit = QLineEdit(ScheduleMeetingDialog)
        self.venue_edit.setObjectName(u"venue_edit")

        self.fields_layout.addWidget(self.venue_edit, 8, 1, 1, 1)

        self.venue_error = QLabel(ScheduleMeetingDialog)
        self.venue_error.setObjectName(u"venue_error")
        self.venue_error.setProperty(u"role", u"error")
        self.venue_error.setWordWrap(True)

        self.fields_layout.addWidget(self.venue_error, 9, 1, 1, 1)


        self.main_layout.addLayout(self.fields_layout)

        self.bottom_spacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.bottom_spacer)

        self.button_box = QDialogButtonBox(ScheduleMeetingDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.group_label.setBuddy(self.group_combo)
        self.date_label.setBuddy(self.date_edit)
        self.start_time_label.setBuddy(self.start_time_edit)
        self.end_time_label.setBuddy(self.end_time_edit)
        self.venue_label.setBuddy(self.venue_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.group_combo, self.date_edit)
        QWidget.setTabOrder(self.date_edit, self.start_time_edit)
        QWidget.setTabOrder(self.start_time_edit, self.end_time_edit)
        QWidget.setTabOrder(self.end_time_edit, self.venue_edit)

        self.retranslateUi(ScheduleMeetingDialog)

        QMetaObject.connectSlotsByName(ScheduleMeetingDialog)
    # setupUi

    def retranslateUi(self, ScheduleMeetingDialog):
        ScheduleMeetingDialog.setWindowTitle(QCoreApplication.translate("ScheduleMeetingDialog", u"Schedule meeting", None))
#if QT_CONFIG(accessibility)
        ScheduleMeetingDialog.setAccessibleName(QCoreApplication.translate("ScheduleMeetingDialog", u"Schedule a meeting", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.form_error.setAccessibleName(QCoreApplication.translate("ScheduleMeetingDialog", u"Problem scheduling this meeting", None))
#endif // QT_CONFIG(accessibility)
        self.group_label.setText(QCoreApplication.translate("ScheduleMeetingDialog", u"&Group:", None))
#if QT_CONFIG(accessibility)
        self.group_combo.setAccessibleName(QCoreApplication.translate("ScheduleMeetingDialog", u"Group", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.group_error.setAccessibleName(QCoreApplication.translate("ScheduleMeetingDialog", u"Problem with the group", None))
#endif // QT_CONFIG(accessibility)
        self.date_label.setText(QCoreApplication.translate("ScheduleMeetingDialog", u"&Date:", None))
#if QT_CONFIG(accessibility)
        self.date_edit.setAccessibleName(QCoreApplication.translate("ScheduleMeetingDialog", u"Meeting date", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.date_edit.setToolTip(QCoreApplication.translate("ScheduleMeetingDialog", u"Day/month/year, like 14/01/2027 or 14 Jan 2027; Alt+Down or F4 for a calendar", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.date_error.setAccessibleName(QCoreApplication.translate("ScheduleMeetingDialog", u"Problem with the date", None))
#endif // QT_CONFIG(accessibility)
        self.start_time_label.setText(QCoreApplication.translate("ScheduleMeetingDialog", u"&Starts at:", None))
#if QT_CONFIG(accessibility)
        self.start_time_edit.setAccessibleName(QCoreApplication.translate("ScheduleMeetingDialog", u"Start time", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.start_time_edit.setToolTip(QCoreApplication.translate("ScheduleMeetingDialog", u"Like 14:30 or 2.30 pm; leave empty if not yet known", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.start_time_error.setAccessibleName(QCoreApplication.translate("ScheduleMeetingDialog", u"Problem with the start time", None))
#endif // QT_CONFIG(accessibility)
        self.end_time_label.setText(QCoreApplication.translate("ScheduleMeetingDialog", u"&Ends at:", None))
#if QT_CONFIG(accessibility)
        self.end_time_edit.setAccessibleName(QCoreApplication.translate("ScheduleMeetingDialog", u"End time", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.end_time_edit.setToolTip(QCoreApplication.translate("ScheduleMeetingDialog", u"Like 16:00 or 4 pm; leave empty if not yet known", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.end_time_error.setAccessibleName(QCoreApplication.translate("ScheduleMeetingDialog", u"Problem with the end time", None))
#endif // QT_CONFIG(accessibility)
        self.venue_label.setText(QCoreApplication.translate("ScheduleMeetingDialog", u"&Venue:", None))
#if QT_CONFIG(accessibility)
        self.venue_edit.setAccessibleName(QCoreApplication.translate("ScheduleMeetingDialog", u"Venue", None))
#endif // QT_CONFIG(accessibility)
        self.venue_edit.setPlaceholderText(QCoreApplication.translate("ScheduleMeetingDialog", u"Venue to be confirmed", None))
#if QT_CONFIG(accessibility)
        self.venue_error.setAccessibleName(QCoreApplication.translate("ScheduleMeetingDialog", u"Problem with the venue", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

