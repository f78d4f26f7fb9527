# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'end_appointment_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QGridLayout, QLabel, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

from sen_desktop.gui.common.date_fields import DateField

class Ui_EndAppointmentDialog(object):
    def setupUi(self, EndAppointmentDialog):
        if not EndAppointmentDialog.objectName():
            EndAppointmentDialog.setObjectName(u"EndAppointmentDialog")
        EndAppointmentDialog.resize(480, 200)
        self.main_layout = QVBoxLayout(EndAppointmentDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.summary_label = QLabel(EndAppointmentDialog)
        self.summary_label.setObjectName(u"summary_label")
        self.summary_label.setWordWrap(True)

        self.main_layout.addWidget(self.summary_label)

        self.fields_layout = QGridLayout()
        self.fields_layout.setObjectName(u"fields_layout")
        self.fields_layout.setHorizontalSpacing(12)
        self.fields_layout.setVerticalSpacing(4)
        self.end_date_label = QLabel(EndAppointmentDialog)
        self.end_date_label.setObjectName(u"end_date_label")

        self.fields_layout.addWidget(self.end_date_label, 0, 0, 1, 1)

        self.end_date_edit = DateField(EndAppointmentDialog)
        self.end_date_edit.setObjectName(u"end_date_edit")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.end_date_edit.sizePolicy().hasHeightForWidth())
        self.end_date_edit.setSizePolicy(sizePolicy)

        self.fields_layout.addWidget(self.end_date_edit, 0, 1, 1, 1)

        self.end_date_error = QLabel(EndAppointmentDialog)
        self.end_date_error.setObjectName(u"end_date_error")
        self.end_date_error.setProperty(u"role", u"error")
        self.end_date_error.setWordWrap(True)

        self.fields_layout.addWidget(self.end_date_error, 1, 1, 1, 1)


        self.main_layout.addLayout(self.fields_layout)

        self.form_error = QLabel(EndAppointmentDialog)
        self.form_error.setObjectName(u"form_error")
        self.form_error.setProperty(u"role", u"error")
        self.form_error.setWordWrap(True)

        self.main_layout.addWidget(self.form_error)

        self.bottom_spacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.bottom_spacer)

        self.button_box = QDialogButtonBox(EndAppointmentDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.end_date_label.setBuddy(self.end_date_edit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(EndAppointmentDialog)

        QMetaObject.connectSlotsByName(EndAppointmentDialog)
    # setupUi

    def retranslateUi(self, EndAppointmentDialog):
        EndAppointmentDialog.setWindowTitle(QCoreApplication.translate("EndAppointmentDialog", u"End appointment", None))
#if QT_CONFIG(accessibility)
        EndAppointmentDialog.setAccessibleName(QCoreApplication.translate("EndAppointmentDialog", u"End an appointment", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.summary_label.setAccessibleName(QCoreApplication.translate("EndAppointmentDialog", u"Appointment to end", None))
#endif // QT_CONFIG(accessibility)
        self.end_date_label.setText(QCoreApplication.translate("EndAppointmentDialog", u"&Last day in the seat:", None))
#if QT_CONFIG(accessibility)
        self.end_date_edit.setAccessibleName(QCoreApplication.translate("EndAppointmentDialog", u"Last day in the seat", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.end_date_edit.setToolTip(QCoreApplication.translate("EndAppointmentDialog", u"Day/month/year, like 14/01/2027 or 14 Jan 2027; Alt+Down or F4 for a calendar", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.end_date_error.setAccessibleName(QCoreApplication.translate("EndAppointmentDialog", u"Problem with the end date", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.form_error.setAccessibleName(QCoreApplication.translate("EndAppointmentDialog", u"Problem ending this appointment", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

